import { abapToMcStyle } from '../soap/sap-naming';
import type { AbapStructure, AbapType, FunctionSignature } from './function-signatures';

/** How a WSDL is generated, as the SAP system would. */
export interface WsdlShape {
  /** `rfc`: the generic handler (/sap/bc/soap/wsdl11), response `FM.Response`; `soamanager`: a service binding, response `FMResponse`, with WS-Policy. */
  style: 'rfc' | 'soamanager';
  /** ABAP names or SOAMANAGER's mc-style CamelCase names. */
  naming: 'abap' | 'mc-style';
  /** The soap:address location. */
  location: string;
  /** The service name (SOAMANAGER's service definition, e.g. ZAR_COLLECTIONS). */
  serviceName: string;
}

const rfcNamespace = 'urn:sap-com:document:sap:rfc:functions';
const mcNamespace = 'urn:sap-com:document:sap:soap:functions:mc-style';

/**
 * A WSDL 1.1 document for `functions`, in the shape SAP generates it (reference §1.1, §1.2): one
 * document/literal operation per function module, unqualified parameter elements, tables as
 * sequences of `item`, named simple types (char10, date10, curr23.4, numeric3) as SOAMANAGER
 * writes them and xsd:string restrictions as the generic handler does.
 */
export function renderWsdl(functions: readonly FunctionSignature[], shape: WsdlShape): string {
  const n = (name: string) => (shape.naming === 'mc-style' ? abapToMcStyle(name) : name);
  const ns = shape.naming === 'mc-style' ? mcNamespace : rfcNamespace;
  const prefix = shape.style === 'soamanager' ? 'n0' : 's0';
  const response = (fm: string) => (shape.style === 'rfc' ? `${n(fm)}.Response` : `${n(fm)}Response`);
  const simpleTypes = new Map<string, string>();
  const complexTypes = new Map<string, string>();

  const typeRef = (type: AbapType): string => {
    if (shape.style === 'rfc') return ''; // inline restriction below
    const [name, body] = namedSimpleType(type);
    simpleTypes.set(name, `<xsd:simpleType name="${name}">${body}</xsd:simpleType>`);
    return ` type="${prefix}:${name}"`;
  };
  const field = (name: string, type: AbapType, minOccurs = true): string => {
    const occurs = minOccurs ? ' minOccurs="0"' : '';
    if (shape.style === 'rfc') return `<xsd:element name="${n(name)}"${occurs}><xsd:simpleType>${namedSimpleType(type)[1]}</xsd:simpleType></xsd:element>`;
    return `<xsd:element name="${n(name)}"${occurs}${typeRef(type)}/>`;
  };
  const structureType = (s: AbapStructure): string => {
    const name = n(s.name);
    if (!complexTypes.has(name)) {
      complexTypes.set(name, `<xsd:complexType name="${name}"><xsd:sequence>${s.fields.map(([f, t]) => field(f, t, false)).join('')}</xsd:sequence></xsd:complexType>`);
    }
    return name;
  };
  const tableType = (s: AbapStructure): string => {
    const row = structureType(s);
    const name = shape.naming === 'mc-style' ? `TableOf${row}` : `TABLE_OF_${row}`;
    complexTypes.set(name, `<xsd:complexType name="${name}"><xsd:sequence><xsd:element name="item" minOccurs="0" maxOccurs="unbounded" type="${prefix}:${row}"/></xsd:sequence></xsd:complexType>`);
    return name;
  };
  const param = (name: string, type: AbapType | AbapStructure): string =>
    'fields' in type ? `<xsd:element name="${n(name)}" minOccurs="0" type="${prefix}:${structureType(type)}"/>` : field(name, type);

  const elements: string[] = [];
  for (const fm of functions) {
    const tables = fm.tables.map(([t, s]) => `<xsd:element name="${n(t)}" minOccurs="0" type="${prefix}:${tableType(s)}"/>`);
    const inputs = [...fm.imports.map(([p, t]) => param(p, t)), ...tables];
    const outputs = [...fm.exports.map(([p, s]) => param(p, s)), ...tables];
    elements.push(`<xsd:element name="${n(fm.name)}"><xsd:complexType><xsd:all>${inputs.join('')}</xsd:all></xsd:complexType></xsd:element>`);
    elements.push(`<xsd:element name="${response(fm.name)}"><xsd:complexType><xsd:all>${outputs.join('')}</xsd:all></xsd:complexType></xsd:element>`);
  }

  const portType = shape.style === 'rfc' ? `${shape.serviceName}PortType` : shape.serviceName;
  const binding = shape.style === 'rfc' ? `${shape.serviceName}Binding` : `${shape.serviceName}_BINDING`;
  const messages = functions.flatMap((fm) => [
    `<wsdl:message name="${n(fm.name)}${shape.style === 'rfc' ? 'Input' : ''}"><wsdl:part name="parameters" element="${prefix}:${n(fm.name)}"/></wsdl:message>`,
    `<wsdl:message name="${response(fm.name)}${shape.style === 'rfc' ? 'Output' : ''}"><wsdl:part name="parameters" element="${prefix}:${response(fm.name)}"/></wsdl:message>`,
  ]);
  const operations = functions.map(
    (fm) => `<wsdl:operation name="${n(fm.name)}"><wsdl:input message="${prefix}:${n(fm.name)}${shape.style === 'rfc' ? 'Input' : ''}"/><wsdl:output message="${prefix}:${response(fm.name)}${shape.style === 'rfc' ? 'Output' : ''}"/></wsdl:operation>`,
  );
  const soapAction = (fm: string) => (shape.style === 'rfc' ? `http://www.sap.com/${fm}` : `${rfcNamespace}:${shape.serviceName}:${n(fm)}Request`);
  const policy = shape.style === 'soamanager' ? '<wsp:Policy wsu:Id="BN__binding"><wsp:ExactlyOne><wsp:All><sapattahnd:Enabled xmlns:sapattahnd="http://www.sap.com/710/features/attachment/">false</sapattahnd:Enabled><saptrnbnd:OptimizedMimeSerialization xmlns:saptrnbnd="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization" wsp:Optional="true"/></wsp:All></wsp:ExactlyOne></wsp:Policy>' : '';
  const bindingOps = functions.map(
    (fm) => `<wsdl:operation name="${n(fm.name)}"><soap:operation soapAction="${soapAction(fm.name)}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
  );

  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<wsdl:definitions targetNamespace="${ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" xmlns:${prefix}="${ns}">`,
    shape.style === 'soamanager' ? '<wsdl:documentation><sidl:sidl xmlns:sidl="http://www.sap.com/2007/03/sidl"/></wsdl:documentation>' : '',
    policy,
    `<wsdl:types><xsd:schema attributeFormDefault="qualified" targetNamespace="${ns}">`,
    ...simpleTypes.values(),
    ...complexTypes.values(),
    ...elements,
    '</xsd:schema></wsdl:types>',
    ...messages,
    `<wsdl:portType name="${portType}">${operations.join('')}</wsdl:portType>`,
    `<wsdl:binding name="${binding}" type="${prefix}:${portType}">${shape.style === 'soamanager' ? '<wsp:Policy><wsp:PolicyReference URI="#BN__binding"/></wsp:Policy>' : ''}<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>${bindingOps.join('')}</wsdl:binding>`,
    `<wsdl:service name="${shape.serviceName}Service"><wsdl:port name="${binding}" binding="${prefix}:${binding}"><soap:address location="${shape.location}"/></wsdl:port></wsdl:service>`,
    '</wsdl:definitions>',
  ].join('\n');
}

/** SOAMANAGER's simple type name and its restriction (char10, date10, numeric3, curr23.4, int). */
function namedSimpleType(type: AbapType): [string, string] {
  switch (type.kind) {
    case 'char':
      return [`char${type.length}`, `<xsd:restriction base="xsd:string"><xsd:maxLength value="${type.length}"/></xsd:restriction>`];
    case 'numc':
      return [`numeric${type.length}`, `<xsd:restriction base="xsd:string"><xsd:maxLength value="${type.length}"/><xsd:pattern value="\\d*"/></xsd:restriction>`];
    case 'date':
      return ['date10', '<xsd:restriction base="xsd:string"><xsd:maxLength value="10"/><xsd:pattern value="\\d\\d\\d\\d-\\d\\d-\\d\\d"/></xsd:restriction>'];
    case 'curr':
      return [`curr${type.digits}.${type.decimals}`, `<xsd:restriction base="xsd:decimal"><xsd:totalDigits value="${type.digits}"/><xsd:fractionDigits value="${type.decimals}"/></xsd:restriction>`];
    case 'int4':
      return ['int', '<xsd:restriction base="xsd:int"/>'];
  }
}
